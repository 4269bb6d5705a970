"""Services of central: one module per resource, each a set of functions over a Session."""
