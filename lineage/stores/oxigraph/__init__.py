"""oxigraph."""
