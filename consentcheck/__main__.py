from consentcheck.cli import run

run()
