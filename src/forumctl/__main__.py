from forumctl.cli import main

main()
