"""The value grammar (value.lark), shipped as package data."""
