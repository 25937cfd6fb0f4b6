"""``faq-check lint``: stale advice and broken cross-references in reST trees."""
