"""The remote SPARQL 1.1 engine: any server with the SPARQL Protocol (and optionally the GSP)."""
