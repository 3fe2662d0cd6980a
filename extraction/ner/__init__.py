"""The `kg ner` recogniser: LAC, post-rules and a CRF; training kept apart in `training`."""
