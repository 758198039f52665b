"""Developer scripts: generated documentation."""
