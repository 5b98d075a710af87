"""`manage.py generate_demo_data --factor N --seed S`: a clearly synthetic history for benchmarks and demos."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.demo.plan import plan_history, scaled
from decisions.demo.write import history_write, real_meetings_exist, synthetic_meetings_exist
from members.models import Party
from rcm.planner import analyze_database

BODIES = ["TS", "PPT", "RCGM", "IOM", "UNHCR"]


class Command(BaseCommand):
    help = "Fill the database with synthetic meetings, decisions, actions and progress (factor 1 ≈ the RCM's history)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--factor", type=float, default=1.0, help="1 ≈ 60 meetings, 1,500 decisions, …")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
        parser.add_argument(
            "--alongside-real-data",
            action="store_true",
            help="write even though the database holds real meetings (never do this in production)",
        )

    def handle(self, *args, factor: float, seed: int, alongside_real_data: bool, **options) -> None:
        if not 0 < factor <= 100:
            raise CommandError("--factor must be more than 0 and at most 100")
        if real_meetings_exist() and not alongside_real_data:
            raise CommandError(
                "this database holds real meetings; refusing to add synthetic data (use --alongside-real-data "
                "on a scratch copy only)"
            )
        if synthetic_meetings_exist():
            raise CommandError("this database already holds synthetic data; generate into an empty database")
        members = list(Party.objects.filter(memberships__role="member").values_list("code", flat=True).distinct())
        bodies = [code for code in BODIES if Party.objects.filter(code=code).exists()]
        if not members or not bodies:
            raise CommandError("the register of parties is empty: run `manage.py load_ix_parties` first")
        started = time.perf_counter()
        plan = plan_history(factor=factor, seed=seed, members=sorted(members), bodies=bodies)
        counts = history_write(plan=plan)
        analyze_database(bulk=True)
        elapsed = time.perf_counter() - started
        target = scaled(factor=factor)
        self.stdout.write(
            ", ".join(f"{counts[k]} {k} (target {target[k]})" for k in ("meetings", "decisions", "actions", "updates"))
            + f" in {elapsed:.1f} s"
        )
