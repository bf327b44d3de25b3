from billbook.cli import app

app()
