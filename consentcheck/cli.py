"""The command line: thin Typer commands over plain functions; user errors exit 2 with one line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from consentcheck import __version__
from consentcheck.errors import ConsentcheckError, InputError, UnsupportedLanguageError
from consentcheck.models import InputProblem, Report, Severity, ToolInfo

app = typer.Typer(
    name="consentcheck", no_args_is_help=True, add_completion=False,
    help="What privacy policies, terms and consent pop-ups say, leave vague or leave out about AI training.",
)
rules_app = typer.Typer(no_args_is_help=True, help="Show the loaded rule packs.")
app.add_typer(rules_app, name="rules")



def _error(message: str) -> None:
    """One line on standard error, never wrapped."""
    sys.stderr.write(f"consentcheck: error: {message}\n")

F = TypeVar("F", bound=Callable[..., Any])


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class LangOption(str, Enum):
    de = "de"
    en = "en"


def user_errors(function: F) -> F:
    """Turn ConsentcheckError into a one-line message and exit code 2 (no traceback)."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ConsentcheckError as exc:
            _error(str(exc))
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"consentcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """consentcheck reads German and English policy and consent texts offline."""


RulesOption = Annotated[list[Path] | None, typer.Option(
    "--rules", help="Extra rule pack folder (with pack.yaml) or single rule file; repeatable.")]
NoDefaultOption = Annotated[bool, typer.Option("--no-default-rules", help="Do not load the bundled packs.")]


ClassifierOption = Annotated[bool, typer.Option(
    "--classifier/--no-classifier",
    help="Merge the shipped classifier's findings with the rules' (on by default; --no-classifier: rules only).")]
ClassifierOnlyOption = Annotated[bool, typer.Option("--classifier-only", help="The classifier only (for comparison).")]
ModelOption = Annotated[Path | None, typer.Option(
    "--model", help="A model folder from consentcheck train, instead of the shipped one.")]


def _model(model: Path | None) -> Any:
    from consentcheck.classifier import SentenceClassifier, load_default

    return SentenceClassifier(model) if model else load_default()


def _checker(rules: list[Path] | None, no_default: bool, use_classifier: bool = False, classifier_only: bool = False,
             model: Path | None = None) -> Any:
    from consentcheck.engine import Checker

    classifier = _model(model) if use_classifier or classifier_only or model else None
    return Checker.default(rules or [], include_default=not no_default, classifier=classifier,
                           use_rules=not classifier_only)


def _output(fmt: OutputFormat) -> Console:
    return Console(highlight=False, soft_wrap=fmt is OutputFormat.json)


@app.command()
@user_errors
def check(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories (recursive: .txt .md .html) or - for stdin.")],
    lang: Annotated[LangOption | None, typer.Option("--lang", help="Skip detection: the text is de or en.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="text (terminal) or json.")] = (
        OutputFormat.text),
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
    fail_on: Annotated[Severity | None, typer.Option(
        "--fail-on", help="Exit 1 when a finding at or above this severity exists.")] = None,
    show_text: Annotated[bool, typer.Option("--show-text", help="Print the text the offsets refer to.")] = False,
    classifier: ClassifierOption = True,
    classifier_only: ClassifierOnlyOption = False,
    model: ModelOption = None,
) -> None:
    """Check policies, terms or pop-ups and report every statement about AI training."""
    from consentcheck.ingest import iter_inputs

    checker = _checker(rules, no_default_rules, classifier, classifier_only, model)
    report = Report(tool=ToolInfo(version=__version__, rules_version=checker.rules.version))
    for item in iter_inputs(inputs):
        if isinstance(item, InputError):
            report.errors.append(InputProblem(source=str(item).split(":", 1)[0], message=str(item)))
            _error(str(item))
            continue
        try:
            document = checker.check(item, lang.value if lang else None)
        except UnsupportedLanguageError as exc:
            report.errors.append(InputProblem(source=item.source, message=str(exc)))
            _error(str(exc))
            continue
        if show_text:
            document.text = item.text
        report.documents.append(document)
    from consentcheck.reporters import REPORTERS

    REPORTERS[output_format.value](report, _output(output_format))
    if report.errors:
        raise typer.Exit(2)
    if fail_on is not None and any(
        f.severity.rank >= fail_on.rank for d in report.documents for f in d.findings
    ):
        raise typer.Exit(1)


@app.command("eval")
@user_errors
def eval_command(
    gold_dirs: Annotated[list[Path], typer.Argument(help="Gold set folders (gold.jsonl + docs/).")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
    errors: Annotated[Path | None, typer.Option(
        "--errors", help="Write every missed and wrong finding (of the last mode) to this file.")] = None,
    no_classifier: Annotated[bool, typer.Option("--no-classifier", help="Score the rules only.")] = False,
    model: ModelOption = None,
) -> None:
    """Score the checker on gold sets: precision, recall, F1 per language and label; rules only,
    classifier only and both combined, side by side (rules only with --no-classifier)."""
    from consentcheck.evaluate import evaluate
    from consentcheck.reporters.eval_report import as_json, render

    rules_checker = _checker(rules, no_default_rules)
    classifier = None if no_classifier else _model(model)
    checkers = [rules_checker]
    if classifier is not None:
        from consentcheck.engine import Checker

        checkers += [Checker(rules_checker.rules, classifier, use_rules=False),
                     Checker(rules_checker.rules, classifier, use_rules=True)]
    results = {checker.mode: evaluate(gold_dirs, checker.check) for checker in checkers}
    if errors:
        errors.write_text("\n".join(list(results.values())[-1].errors) + "\n", encoding="utf-8")
    if output_format is OutputFormat.json:
        typer.echo(as_json(results))
    else:
        render(results, _output(output_format))


@app.command()
@user_errors
def train(
    corpus: Annotated[Path, typer.Option("--corpus", help="Folder with train/ and test/ gold sets.")] = Path("corpora"),
    out: Annotated[Path, typer.Option("--out", help="Where to write model.onnx, tokenizer.json, card.json.")] = (
        Path("model")),
    seed: Annotated[int, typer.Option("--seed", help="Random seed; the same seed gives the same model.")] = 13,
    epochs: Annotated[int | None, typer.Option(
        "--epochs", help="Epochs (default: 20 from scratch, 4 with --base).")] = None,
    base: Annotated[Path | None, typer.Option(
        "--base", help="Fine-tune this local Hugging Face checkpoint instead of training from scratch.")] = None,
    threads: Annotated[int, typer.Option("--threads", help="torch threads (1 is reproducible everywhere).")] = 1,
) -> None:
    """Train the sentence classifier on a corpus and export it (needs the train extra: torch, transformers)."""
    from consentcheck.classifier.train import train as run_training

    console = _output(OutputFormat.text)
    card = run_training(corpus, out, seed=seed, epochs=epochs, base=base, threads=threads,
                        log=lambda line: console.print(line, markup=False))
    from consentcheck.reporters.eval_report import render_card

    render_card(card, console)
    console.print(f"model written to {out}", markup=False)


@rules_app.command("list")
@user_errors
def rules_list(rules: RulesOption = None, no_default_rules: NoDefaultOption = False) -> None:
    """List every loaded rule: id, category, severity, languages, name."""
    from rich.table import Table

    checker = _checker(rules, no_default_rules)
    table = Table(title=f"rules ({checker.rules.version})", show_edge=False)
    for column in ("id", "category", "severity", "languages", "name"):
        table.add_column(column)
    for rule in sorted(checker.rules.rules.values(), key=lambda r: r.id):
        table.add_row(rule.id, rule.category, rule.severity.value, ",".join(rule.languages), rule.name)
    _output(OutputFormat.text).print(table)


@rules_app.command("explain")
@user_errors
def rules_explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. CC-AIT-001, or its name.")],
    rules: RulesOption = None,
    no_default_rules: NoDefaultOption = False,
) -> None:
    """Show one rule: what it looks for, why it matters, and its examples."""
    checker = _checker(rules, no_default_rules)
    found = [r for r in checker.rules.rules.values() if rule_id.upper() == r.id or rule_id == r.name]
    if not found:
        raise ConsentcheckError(f"{rule_id}: no such rule; 'consentcheck rules list' shows the loaded ones")
    rule = found[0]
    console = _output(OutputFormat.text)
    console.print(f"[bold]{rule.id}[/bold] {rule.name}: {rule.category}, severity {rule.severity.value}, "
                  f"languages {', '.join(rule.languages)}")
    for lang in rule.languages:
        console.print(f"\n[bold]{lang}[/bold] message: {rule.message.get(lang)}", markup=True)
        console.print(rule.explanation.get(lang).strip(), markup=False)
    console.print(f"\nconditions: {rule.when.model_dump(exclude_defaults=True)}", markup=False)
    if rule.terms:
        console.print(f"terms: {rule.terms.model_dump(exclude_defaults=True)}", markup=False)
    if rule.context:
        console.print(f"context: {rule.context.model_dump()}", markup=False)
    console.print("\nmust match:")
    for example in rule.examples.must_match:
        console.print(f"  [{example.lang}] {example.text}", markup=False)
    console.print("must not match:")
    for example in rule.examples.must_not_match:
        console.print(f"  [{example.lang}] {example.text}", markup=False)


def run() -> None:
    app()


if __name__ == "__main__":
    sys.exit(run())
