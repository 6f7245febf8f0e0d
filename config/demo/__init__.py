"""The bundled demo district 示范区: a generator for its sites (build) and the server that hosts them (server)."""
