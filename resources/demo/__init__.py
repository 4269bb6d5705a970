"""The demo catalog shipped with the terminal (``catalog.json.gz``) and its generator."""
