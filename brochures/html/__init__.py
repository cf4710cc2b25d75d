"""Turn a brochure model and its translations into HTML (Jinja2), and that HTML into text."""
