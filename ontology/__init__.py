"""The ceasefire-kg vocabulary: namespaces, the OWL model, SHACL shapes and consistency checks."""
