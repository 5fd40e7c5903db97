"""JSON Schemas of the public formats: the canonical document and the JSON findings."""
