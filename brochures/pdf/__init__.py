"""Turn brochure HTML into PDF bytes: the only stage that imports WeasyPrint."""
