"""The client-file model: schema, Book, field validators, masking, dates."""
