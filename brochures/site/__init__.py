"""The web edition: a static site with a page at the address each brochure's QR code opens."""
