from hncc.cli import run

run()
