"""Turn a brochure model and its translations into HTML with Jinja2, and read that HTML back as text."""
