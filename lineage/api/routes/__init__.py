"""The API's routes, one small module per area; each only translates HTTP to library calls."""
