"""REF005: relative links resolved against the linking page's folder, as a browser resolves them."""

from __future__ import annotations

from faq_checks.lint.checks.relativelinks import check_relative_links
from faq_checks.lint.engine import lint, lint_text


def found(tmp_path, files: dict[str, str]) -> list[tuple[str, int, int, str]]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = lint([str(tmp_path)], settings={}, checks=[check_relative_links])
    return [(f.code, f.line, f.column, f.message) for f in result.findings]


PAGE = "Servers\n=======\n\n"


def test_a_link_to_a_built_page_whose_source_is_there_is_fine(tmp_path):
    files = {"core/howto/servers.rst": PAGE, "mail/tutorial/smtp.rst":
             "SMTP\n====\n\nSee `the servers howto <../../core/howto/servers.html#factories>`_ and\n"
             "`the listing <../../core/howto/servers.rst>`_.\n"}
    assert found(tmp_path, files) == []


def test_a_link_to_a_page_that_moved_away_is_reported_where_its_target_is(tmp_path):
    files = {"index.rst": "Index\n=====\n\nOld talks: `Deferreds <2003/pycon/deferex.html>`_.\n\n"
                          ".. _intro: howto/intro.html\n"}
    codes = [(code, line, column) for code, line, column, _ in found(tmp_path, files)]
    assert codes == [("REF005", 4, 24), ("REF005", 6, 1)]


def test_a_source_page_named_without_its_suffix_is_reported_with_the_doc_role_to_write(tmp_path):
    files = {"endpoints.rst": PAGE, "systemd.rst": "Systemd\n=======\n\nUse the `endpoint API <endpoints>`_.\n"}
    (finding,) = found(tmp_path, files)
    assert finding[:2] == ("REF005", 4) and ":doc:`endpoints`" in finding[3]


def test_a_url_after_other_text_is_not_taken_for_a_path(tmp_path):
    files = {"a.rst": "A\n=\n\nSee `NEWS <[https://example.org/NEWS.rst>`_.\n"}
    (finding,) = found(tmp_path, files)
    assert "does not start with its scheme" in finding[3]


def test_named_references_mail_addresses_site_roots_and_fragments_are_not_judged(tmp_path):
    files = {"a.rst": "A\n=\n\n`one <other_>`_, `two <me@example.org>`_, `three </en/stable/x.html>`_,\n"
                      "`four <#section>`_, `five <https://example.org/x.html>`_, `six <tel:+123>`_.\n\n"
                      ".. _other: https://x.org\n"}
    assert found(tmp_path, files) == []


def test_a_text_without_a_file_has_no_neighbours_to_check():
    assert lint_text("A\n=\n\nSee `x <missing.html>`_.\n", path="no/such/dir/a.rst",
                     checks=[check_relative_links]) == []


CONF_WITH_PYDOCTOR = '''\
project = "txthing"
_root = "/src"
pydoctor_args = {
    "main": ["--html-output={outdir}/api/", f"--project-base-dir={_root}"] + COMMON,
    "demo": ["--html-output={outdir}/demos/epytext", "--docformat=epytext"],
}
'''


def test_a_link_into_a_folder_pydoctor_writes_at_build_time_is_not_judged(tmp_path):
    """pydoctor's own docs link its demo output; the folder exists only in the built site."""
    page = ("Demo\n====\n\nSee `the API <api/txthing.html>`_, `the demo <demos/epytext/index.html>`_ "
            "and `a typo <demos/epytxt/index.html>`_.\n")
    codes = [(code, line) for code, line, _, message in found(tmp_path, {"conf.py": CONF_WITH_PYDOCTOR,
                                                                         "index.rst": page})]
    assert codes == [("REF005", 4)]
    (message,) = [m for *_, m in found(tmp_path, {})]
    assert "demos/epytxt/index.html" in message
