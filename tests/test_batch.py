"""The batch of reports (`clusterbench render-all`) stopped half-way (Ctrl-C, kill, kill -9):
at once, with only whole PDFs in its folder and no worker left behind; and the writing of
one file, whole or not at all."""

import datetime as dt
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clusterbench.clusters.models import ClusterOrganisation
from clusterbench.engagements.models import Benchmarking
from clusterbench.files import open_atomically, part_of, write_atomically
from clusterbench.reports.batch import render_all
from clusterbench.reports.management.commands import render_all as render_all_command

from .engagement_fixtures import make_benchmarking

WHOLE = b"%PDF-1.7 a whole report %%EOF"
REPORTS = list(range(40))  # 40 reports of 0.2 s on 2 workers: 4 s if none is dropped


# The workers are separate processes: what they run is a module-level function.
def slow_report(pk: int, folder: str) -> None:
    time.sleep(0.2)
    write_atomically(Path(folder) / f"report-{pk}.pdf", WHOLE)


def failing_report(pk: int, folder: str) -> None:
    if pk == 3:
        raise ValueError("report 3 cannot be drawn")
    slow_report(pk, folder)


def report_stuck_while_writing(pk: int, folder: str) -> None:
    """The first report is done at once; the others stop half-way through their file."""
    if pk == 0:
        return slow_report(pk, folder)
    part_of(Path(folder) / f"report-{pk}.pdf").write_bytes(WHOLE[:8])
    time.sleep(60)


def report_signed_by_its_worker(pk: int, folder: str) -> None:
    write_atomically(Path(folder) / f"report-{pk}.pdf", str(os.getpid()).encode())


def report_whose_worker_is_killed(pk: int, folder: str) -> None:
    """As the kernel's out-of-memory killer would end a worker."""
    os.kill(os.getpid(), signal.SIGKILL)


def report_naming_its_worker(pk: int, folder: str) -> None:
    """Never done: leaves the worker's process number and waits."""
    (Path(folder) / f"worker-{os.getpid()}").touch()
    time.sleep(60)


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")  # an ended process not yet reaped is no longer running
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


BATCH_KILLED_OUTRIGHT = """
import os
import sys
from pathlib import Path
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbench.settings")
django.setup()
from clusterbench.reports.batch import render_all
from tests.test_batch import report_naming_its_worker
render_all(list(range(10)), Path(sys.argv[1]), 2, render=report_naming_its_worker)
"""


def disk_full(pk: int, folder: str) -> None:
    raise OSError(28, "No space left on device", str(Path(folder) / f"report-{pk}.pdf"))


def ctrl_c() -> None:
    raise KeyboardInterrupt


def assert_only_whole_reports(folder: Path) -> list[Path]:
    files = sorted(folder.iterdir())
    assert all(f.suffix == ".pdf" and f.read_bytes() == WHOLE for f in files), files
    # A stopped worker can still be listed for a moment: the pool's own thread and the
    # batch both wait for it, and the one that loses the race sees it as running.
    deadline = time.monotonic() + 5
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []
    return files


def report_of_how_its_worker_started(pk: int, folder: str) -> None:
    """Writes what the worker had before its first report: its CPU time since it started,
    whether the report's modules were imported, and the answers it was handed."""
    from clusterbench.reports.batch import all_answers

    state = {
        "cpu": time.process_time(),
        "preloaded": "clusterbench.reports.build" in sys.modules,
        "answers": {str(k): {c: str(v) for c, v in a.items()} for k, a in all_answers().items()},
    }
    (Path(folder) / f"report-{pk}.json").write_text(json.dumps(state))


def report_burning_cpu(pk: int, folder: str) -> None:
    started = time.process_time()
    while time.process_time() - started < 0.2:
        pass
    write_atomically(Path(folder) / f"report-{pk}.pdf", WHOLE)


class TestFreshWorkers:
    """Typst's memo grows with every report a process renders and makes each slower: a
    worker renders a limited number, then a fresh process takes over."""

    def test_a_fresh_worker_starts_with_django_and_the_reports_modules(self, tmp_path):
        # Forked from the fork server, which imported them once; a new interpreter (the
        # "spawn" start) spent about 0.6 s of CPU on them before its first report.
        # Handed no answers, a worker would read them from the database (not the tests').
        render_all([1, 2], tmp_path, 2, render=report_of_how_its_worker_started, answers={})
        for report in tmp_path.glob("report-*.json"):
            state = json.loads(report.read_text())
            assert state["preloaded"]
            assert state["cpu"] < 0.2, state["cpu"]

    def test_every_worker_reads_the_answers_it_was_handed(self, tmp_path):
        answers = {7: {"A1": Decimal("2.5"), "A2": None}}
        render_all([1, 2, 3], tmp_path, 2, render=report_of_how_its_worker_started, answers=answers)
        for pk in (1, 2, 3):
            state = json.loads((tmp_path / f"report-{pk}.json").read_text())
            assert state["answers"] == {"7": {"A1": "2.5", "A2": "None"}}

    def test_the_workers_cpu_time_is_counted(self, tmp_path):
        times = render_all(list(range(6)), tmp_path, 2, render=report_burning_cpu)
        assert times.cpu_seconds >= 6 * 0.2
        assert times.seconds < times.cpu_seconds  # two workers at once

    def test_each_round_of_reports_has_fresh_workers(self, tmp_path):
        done = []
        render_all(
            list(range(9)),
            tmp_path,
            2,
            progress=lambda: done.append(1),
            render=report_signed_by_its_worker,
            reports_per_worker=2,
        )
        reports = sorted(tmp_path.iterdir())
        assert [f.name for f in reports] == sorted(f"report-{pk}.pdf" for pk in range(9))
        assert len(done) == 9
        # Rounds of 2 x 2 reports (4, 4, 1), each in fresh processes; which of a round's two
        # workers takes which report is the pool's choice.
        by_worker = Counter(f.read_bytes() for f in reports)
        assert max(by_worker.values()) <= 4
        assert len(by_worker) >= 3
        assert multiprocessing.active_children() == []

    def test_a_stop_in_a_later_round_stops_at_once(self, tmp_path):
        calls = []
        stopped_at = []

        def ctrl_c_at_the_fifth():
            calls.append(1)
            if len(calls) == 5:
                stopped_at.append(time.monotonic())
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            render_all(
                REPORTS,
                tmp_path,
                2,
                progress=ctrl_c_at_the_fifth,
                render=slow_report,
                reports_per_worker=2,
            )
        # Timed from the stop, not from the start: spawning each round's workers takes
        # seconds on a loaded machine. The 35 reports left would take 3.5 s at least.
        assert time.monotonic() - stopped_at[0] < 2
        assert 5 <= len(assert_only_whole_reports(tmp_path)) < len(REPORTS)


class TestStoppingTheBatch:
    def test_ctrl_c_stops_at_once_without_drawing_the_queued_reports(self, tmp_path):
        with pytest.raises(KeyboardInterrupt):
            render_all(REPORTS, tmp_path, 2, progress=ctrl_c, render=slow_report)
        # Before, leaving the pool drew every queued report first (all 40, or minutes
        # for the demonstration's 1,229).
        assert 1 <= len(assert_only_whole_reports(tmp_path)) < len(REPORTS)

    def test_a_report_that_fails_stops_the_others(self, tmp_path):
        with pytest.raises(ValueError, match="report 3 cannot be drawn"):
            render_all(REPORTS, tmp_path, 2, render=failing_report)
        assert len(assert_only_whole_reports(tmp_path)) < len(REPORTS) - 1

    def test_a_report_being_written_when_stopped_leaves_no_part_file(self, tmp_path):
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            render_all(REPORTS, tmp_path, 2, progress=ctrl_c, render=report_stuck_while_writing)
        assert time.monotonic() - started < 30  # the stuck workers were not waited for
        assert [f.name for f in assert_only_whole_reports(tmp_path)] == ["report-0.pdf"]

    def test_a_stopped_batch_leaves_another_writers_files_alone(self, tmp_path):
        # Another batch into the same folder, writing report 99 (this process's number).
        writing = part_of(tmp_path / "report-99.pdf")
        writing.write_bytes(WHOLE[:8])
        with pytest.raises(KeyboardInterrupt):
            render_all(REPORTS, tmp_path, 2, progress=ctrl_c, render=report_stuck_while_writing)
        assert sorted(f.name for f in tmp_path.iterdir()) == sorted([writing.name, "report-0.pdf"])

    def test_only_the_batchs_own_workers_are_stopped(self, tmp_path):
        bystander = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(60,))
        bystander.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                render_all(REPORTS, tmp_path, 2, progress=ctrl_c, render=slow_report)
            assert bystander.is_alive()
        finally:
            bystander.terminate()
            bystander.join()

    def test_no_worker_is_left_when_the_batch_is_killed_outright(self, tmp_path):
        batch = subprocess.Popen([sys.executable, "-c", BATCH_KILLED_OUTRIGHT, str(tmp_path)])
        try:
            deadline = time.monotonic() + 60
            while len(list(tmp_path.glob("worker-*"))) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            workers = [int(f.name.removeprefix("worker-")) for f in tmp_path.glob("worker-*")]
            assert len(workers) == 2
        finally:
            batch.kill()  # as kill -9 or the kernel out of memory would: nothing to clean up
            batch.wait()
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [pid for pid in workers if running(pid)]
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        # Before, each worker waited for work forever, holding its memory.
        assert left == []

    def test_kill_stops_the_command_as_ctrl_c_does(self, framework, cluster, tmp_path, monkeypatch):
        make_benchmarking(framework, cluster, dt.date(2024, 3, 1))
        ClusterOrganisation.objects.filter(pk=cluster.pk).update(is_synthetic=True)

        def killed(ids, folder, workers, progress, answers):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(10)  # the signal arrives before this ends
            raise AssertionError("not stopped")

        monkeypatch.setattr(render_all_command, "render_all", killed)
        handler = signal.getsignal(signal.SIGTERM)
        with pytest.raises(CommandError) as stopped:
            call_command("render_all", out=tmp_path, workers=1)
        assert str(stopped.value).startswith("Stopped: 0 of 1 reports were rendered")
        assert stopped.value.returncode == 128 + signal.SIGTERM
        assert signal.getsignal(signal.SIGTERM) is handler  # the caller's, once done

    def test_a_killed_worker_is_named_and_the_rest_stop(
        self, framework, cluster, tmp_path, monkeypatch
    ):
        make_benchmarking(framework, cluster, dt.date(2024, 3, 1))
        ClusterOrganisation.objects.filter(pk=cluster.pk).update(is_synthetic=True)

        def killed(ids, folder, workers, progress, answers):
            return render_all(
                ids,
                folder,
                workers,
                progress,
                render=report_whose_worker_is_killed,
                answers=answers,
            )

        monkeypatch.setattr(render_all_command, "render_all", killed)
        with pytest.raises(CommandError) as failed:
            call_command("render_all", out=tmp_path, workers=2)
        # Before, a traceback ending in BrokenProcessPool.
        assert str(failed.value).startswith(
            "A worker process ended without finishing its report (killed, or out of memory?): "
        )
        assert str(failed.value).endswith(
            f"0 of 1 reports were rendered (in {tmp_path}), each whole; the others were not."
        )
        assert assert_only_whole_reports(tmp_path) == []

    def test_the_command_says_how_many_reports_were_rendered(
        self, framework, cluster, tmp_path, monkeypatch
    ):
        for year in (2024, 2025):
            make_benchmarking(framework, cluster, dt.date(year, 3, 1))
        ClusterOrganisation.objects.filter(pk=cluster.pk).update(is_synthetic=True)

        def stopped_after_one(ids, folder, workers, progress, answers):
            progress()
            raise KeyboardInterrupt

        monkeypatch.setattr(render_all_command, "render_all", stopped_after_one)
        with pytest.raises(CommandError) as stopped:
            call_command("render_all", out=tmp_path, workers=1)
        assert str(stopped.value) == (
            f"Stopped: 1 of 2 reports were rendered (in {tmp_path}), each whole; "
            "the others were not."
        )
        assert stopped.value.returncode == 130
        assert Benchmarking.objects.count() == 2


class TestBadArguments:
    @pytest.mark.parametrize("limit", [0, -1])
    def test_a_limit_below_one_is_refused(self, limit, tmp_path):
        # Before, 0 said there were no demonstration benchmarkings and -1 rendered all
        # but the last.
        with pytest.raises(CommandError) as refused:
            call_command("render_all", out=tmp_path, limit=limit)
        assert str(refused.value) == "--limit must be at least 1."
        assert list(tmp_path.iterdir()) == []

    def test_an_out_that_is_a_file_is_refused(self, tmp_path):
        file = tmp_path / "reports.pdf"
        file.write_bytes(WHOLE)
        with pytest.raises(CommandError, match="is a file: name a folder for the reports"):
            call_command("render_all", out=file)
        assert file.read_bytes() == WHOLE

    def test_a_folder_that_cannot_be_made_is_named(self, framework, cluster, tmp_path):
        make_benchmarking(framework, cluster, dt.date(2024, 3, 1))
        ClusterOrganisation.objects.filter(pk=cluster.pk).update(is_synthetic=True)
        (tmp_path / "file").write_bytes(WHOLE)
        with pytest.raises(CommandError) as failed:
            call_command("render_all", out=tmp_path / "file" / "reports")
        assert str(failed.value) == (
            f"Cannot write the reports: Not a directory ({tmp_path / 'file' / 'reports'})"
        )

    def test_a_full_disk_is_named_with_the_file(self, framework, cluster, tmp_path, monkeypatch):
        make_benchmarking(framework, cluster, dt.date(2024, 3, 1))
        ClusterOrganisation.objects.filter(pk=cluster.pk).update(is_synthetic=True)

        def full(ids, folder, workers, progress, answers):
            return render_all(ids, folder, workers, progress, render=disk_full, answers=answers)

        monkeypatch.setattr(render_all_command, "render_all", full)
        with pytest.raises(CommandError) as failed:
            call_command("render_all", out=tmp_path, workers=1)
        pk = Benchmarking.objects.get().pk
        assert str(failed.value) == (
            f"Cannot write the reports: No space left on device ({tmp_path}/report-{pk}.pdf)"
        )

    def test_an_error_without_a_file_says_no_file(self, framework, cluster, tmp_path, monkeypatch):
        make_benchmarking(framework, cluster, dt.date(2024, 3, 1))
        ClusterOrganisation.objects.filter(pk=cluster.pk).update(is_synthetic=True)

        def broken_pipe(ids, folder, workers, progress, answers):
            raise BrokenPipeError(32, "Broken pipe")

        monkeypatch.setattr(render_all_command, "render_all", broken_pipe)
        with pytest.raises(CommandError) as failed:
            call_command("render_all", out=tmp_path, workers=1)
        assert str(failed.value) == "Cannot write the reports: Broken pipe"  # not "(None)"


class TestWriteAtomically:
    def test_a_file_is_replaced_whole(self, tmp_path):
        path = tmp_path / "report.pdf"
        path.write_bytes(b"the old report")
        write_atomically(path, WHOLE)
        assert path.read_bytes() == WHOLE
        assert os.listdir(tmp_path) == ["report.pdf"]

    def test_a_failed_write_keeps_the_old_file_and_leaves_no_part(self, tmp_path, monkeypatch):
        path = tmp_path / "report.pdf"
        path.write_bytes(b"the old report")

        def disk_full(src, dst):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", disk_full)
        with pytest.raises(OSError, match="No space left"):
            write_atomically(path, WHOLE)
        assert path.read_bytes() == b"the old report"
        assert os.listdir(tmp_path) == ["report.pdf"]

    def test_two_writers_of_one_file_at_once_each_write_it_whole(self, tmp_path):
        path = tmp_path / "report.pdf"
        versions = [bytes([n]) * 2_000_000 for n in (1, 2)]
        failures = []

        def write(data: bytes) -> None:
            for _ in range(30):
                try:
                    write_atomically(path, data)
                except OSError as exc:
                    failures.append(exc)
                assert path.read_bytes() in versions

        writers = [threading.Thread(target=write, args=(data,)) for data in versions]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        # Before, both wrote into one file beside it, and one renamed it from under the
        # other ("No such file or directory").
        assert failures == []
        assert os.listdir(tmp_path) == ["report.pdf"]

    def test_a_private_file_is_never_readable_by_others(self, tmp_path):
        path = tmp_path / "local.env"
        with open_atomically(path, "w", private=True) as file:
            file.write("SECRET_KEY=x\n")
            assert os.stat(file.name).st_mode & 0o077 == 0
        assert os.stat(path).st_mode & 0o777 == 0o600

    def test_a_failure_names_the_file_asked_for(self, tmp_path):
        with pytest.raises(OSError) as failed:
            write_atomically(tmp_path / "missing folder" / "report.pdf", WHOLE)
        assert failed.value.filename == str(tmp_path / "missing folder" / "report.pdf")
