"""Turn a brochure's text and sources into findings: claims, reading level, structure, freshness."""
