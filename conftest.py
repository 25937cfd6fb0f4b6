"""Collect every answer (and every rule document) as runnable examples."""

pytest_plugins = ["faq_checks.pytest_plugin"]
