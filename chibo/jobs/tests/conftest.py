import pytest
from django.core.exceptions import ValidationError

from chibo.jobs.registry import Built, register

BROKEN = "test_broken"
REFUSED = "test_refused"


def _broken(job, progress):
    progress(40, "Đang làm dở")
    raise RuntimeError("a bug in a builder")


def _refused(job, progress):
    raise ValidationError("Chi bộ chưa có biên bản nào được thông qua năm 2026.")


def _plain(job, progress):
    progress(50, "Đang viết")
    return Built(f"xin chào {job.params['n']}".encode(), "chao.txt", "text/plain")


# Kinds of the tests' own: a builder with a bug, one a rule refuses, and a plain one.
register(BROKEN, label="Tệp thử (lỗi)", build=_broken)
register(REFUSED, label="Tệp thử (bị từ chối)", build=_refused)
register("test_plain", label="Tệp thử", build=_plain)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the request left for after its commit (the enqueue), as a real commit
    would."""
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)
    return run
