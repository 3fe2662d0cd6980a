"""The graph model, the networkx build, entity resolution, the embedded store and the views."""
