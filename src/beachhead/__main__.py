from beachhead.cli.main import app

app(prog_name="beachhead")
