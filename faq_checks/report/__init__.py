"""
``faq-check report``: one self-contained HTML page from the JSON of ``run``,
``matrix`` and ``lint``.  :mod:`.model` joins the three per answer,
:mod:`.rules` finds each lint code's documentation, :mod:`.page` writes the
HTML (inline CSS and script, nothing fetched, so it works from ``file://``).
"""
