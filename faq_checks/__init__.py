"""faq-checks: an executable Twisted FAQ and a checker that keeps FAQs honest."""

__version__ = "0.1.0"
