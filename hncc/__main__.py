from hncc.cli import main

main()
