"""Views of the field work; one module per part (documents, interviews, intake)."""
