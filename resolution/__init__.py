"""Resolution: one node per real entity (a person across articles, a body under its full name)."""
