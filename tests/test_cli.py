"""The command line: output formats, JSON schema and offsets, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from consentcheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_EN = ROOT / "examples" / "cloud-processing-en.txt"
EXAMPLE_DE = ROOT / "examples" / "cloud-processing-de.txt"
runner = CliRunner()


def test_check_text_report_quotes_sentences_with_positions() -> None:
    result = runner.invoke(app, ["check", str(EXAMPLE_EN)])
    assert result.exit_code == 0, result.output
    assert "temporal-hedge" in result.output and "ai-training-denial" in result.output
    assert f"{EXAMPLE_EN}:9:1" in result.output
    assert "at this time" in result.output
    assert "Summary" in result.output


def test_check_json_schema_and_offsets() -> None:
    result = runner.invoke(app, ["check", "--format", "json", str(EXAMPLE_EN), str(EXAMPLE_DE)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["tool"]["name"] == "consentcheck" and data["tool"]["rules_version"].startswith("core@")
    assert [d["language"] for d in data["documents"]] == ["en", "de"]
    for document, path in zip(data["documents"], (EXAMPLE_EN, EXAMPLE_DE), strict=True):
        assert document["source"] == str(path)
        text = path.read_text(encoding="utf-8")
        import hashlib

        assert document["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert document["findings"]
        for finding in document["findings"]:
            assert set(finding) >= {"category", "severity", "start", "end", "text", "rule", "message", "explanation"}
            assert text[finding["start"] : finding["end"]] == finding["text"]
            for evidence in finding["evidence"]:
                assert text[evidence["start"] : evidence["end"]] == evidence["text"]
    german = {f["category"] for f in data["documents"][1]["findings"]}
    assert {"ai-training-denial", "temporal-hedge", "vague-purpose"} <= german


def test_stdin_and_language_override() -> None:
    text = "Derzeit werden deine Clips nicht zum Training unserer KI verwendet."
    result = runner.invoke(app, ["check", "-", "--format", "json", "--lang", "de"], input=text)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)["documents"][0]
    assert document["source"] == "-" and document["language_source"] == "given"
    assert {f["category"] for f in document["findings"]} == {"ai-training-denial", "temporal-hedge"}


def test_fail_on_severity_sets_exit_code_1() -> None:
    assert runner.invoke(app, ["check", str(EXAMPLE_EN), "--fail-on", "high"]).exit_code == 1
    harmless = "We deliver parcels on weekdays. Our shop opens at nine."
    assert runner.invoke(app, ["check", "-", "--fail-on", "info"], input=harmless).exit_code == 0


def test_user_errors_exit_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    french = tmp_path / "politique.txt"
    french.write_text("Nous utilisons vos données pour entraîner nos modèles.", encoding="utf-8")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Datenschutzerkl\u00e4rung f\u00fcr KI".encode("latin-1"))
    result = runner.invoke(app, ["check", str(french), str(bad), str(EXAMPLE_EN), "--format", "json"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 2
    assert str(french) in errors[0] and "French" in errors[0]
    assert str(bad) in errors[1] and "UTF-8" in errors[1]
    data = json.loads(result.stdout)  # the good input was still checked
    assert [d["source"] for d in data["documents"]] == [str(EXAMPLE_EN)]
    assert len(data["errors"]) == 2


def test_bad_rule_pack_and_unknown_language_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: XX-BAD-001\nname: broken\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(EXAMPLE_EN), "--rules", str(broken)])
    assert result.exit_code == 2 and str(broken) in result.stderr and "XX-BAD-001" in result.stderr
    assert runner.invoke(app, ["check", str(EXAMPLE_EN), "--lang", "fr"]).exit_code == 2


def test_html_show_text(tmp_path: Path) -> None:
    page = tmp_path / "popup.html"
    page.write_text(
        "<html><body><script>x()</script><div role='dialog'><h2>KI-Training</h2>"
        "<p>Vorerst werden deine Fotos nicht zum Training unserer KI verwendet.</p>"
        "<button>Später</button></div></body></html>",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(page), "--show-text", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)["documents"][0]
    assert document["format"] == "html" and "x()" not in document["text"]
    for finding in document["findings"]:
        assert document["text"][finding["start"] : finding["end"]] == finding["text"]
    assert "temporal-hedge" in {f["category"] for f in document["findings"]}


def test_rules_list_and_explain() -> None:
    listed = runner.invoke(app, ["rules", "list"])
    assert listed.exit_code == 0 and "CC-AIT-001" in listed.output and "temporal-hedge" in listed.output
    explained = runner.invoke(app, ["rules", "explain", "CC-TMP-001"])
    assert explained.exit_code == 0
    assert "Derzeit" in explained.output and "At this time" in explained.output
    missing = runner.invoke(app, ["rules", "explain", "CC-NOPE-999"])
    assert missing.exit_code == 2 and "no such rule" in missing.stderr


def test_eval_command_on_the_project_corpus() -> None:
    result = runner.invoke(app, ["eval", str(ROOT / "corpora" / "test"), "--format", "json", "--no-classifier"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["rules"]
    # the project's corpus is annotated with the further categories too, so they are scored
    assert set(data["pooled"]) == {
        "ai-training", "ai-training-denial", "opt-out", "vague-purpose", "temporal-hedge", "hedge",
        "sensitive-scope", "background-upload", "third-party-ai", "legal-basis", "anonymization-claim",
    }
    assert data["documents"]["count"] > 10
    text = runner.invoke(app, ["eval", str(ROOT / "corpora" / "test"), "--no-classifier"])
    assert "macro-F1" in text.output and "addresses_ai_training" in text.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("consentcheck ")


def test_streamed_json_equals_the_model_dump() -> None:
    import io

    from consentcheck.models import Report
    from consentcheck.reporters.json_report import write

    result = runner.invoke(app, ["check", "--format", "json", str(EXAMPLE_EN), str(EXAMPLE_DE)])
    report = Report.model_validate_json(result.stdout)
    out = io.StringIO()
    write(report, out)
    assert json.loads(out.getvalue()) == json.loads(report.model_dump_json(exclude_none=True))
    assert out.getvalue() == result.stdout
