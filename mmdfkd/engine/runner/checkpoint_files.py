"""Checkpoint files that survive a kill: atomic writes, readable fallbacks.
"""
import glob
import os.path as osp
import re
from typing import List, Optional

from mmengine.fileio import get_file_backend
from mmengine.fileio.backends import LocalBackend
from mmengine.runner import find_latest_checkpoint

from mmdfkd.utils.safe_loading import UnsafeCheckpointError, safe_load

__all__ = [
    'PARTIAL_SUFFIX', 'is_local_dir', 'resume_candidates',
    'unreadable_reason'
]

# A checkpoint is written under this suffix, then renamed into place.
PARTIAL_SUFFIX = '.partial'


def is_local_dir(path: str, backend_args: Optional[dict] = None) -> bool:
    """Whether ``path`` is on the local file system (renames are atomic).

    Args:
        path (str): A directory or URI.
        backend_args (dict, optional): mmengine file backend arguments.
    """
    return isinstance(
        get_file_backend(path, backend_args=backend_args), LocalBackend)


def _iteration(path: str) -> int:
    """The iteration (or epoch) number of an ``iter_N.pth``/``epoch_N.pth``.
    """
    match = re.search(r'_(\d+)\.pth$', path)
    return int(match.group(1)) if match else -1


def resume_candidates(work_dir: str) -> List[str]:
    """Checkpoints to resume from, the most recent first.

    The one ``last_checkpoint`` names comes first, then the other
    ``iter_N.pth`` / ``epoch_N.pth`` of the work dir by decreasing N.

    Args:
        work_dir (str): The run's work dir.

    Returns:
        list[str]: Paths, possibly empty.
    """
    latest = find_latest_checkpoint(work_dir)
    found = glob.glob(osp.join(work_dir, 'iter_*.pth')) + glob.glob(
        osp.join(work_dir, 'epoch_*.pth'))
    ordered = sorted(found, key=_iteration, reverse=True)
    if latest:
        ordered = [latest] + [
            path for path in ordered
            if osp.abspath(path) != osp.abspath(latest)
        ]
    return ordered


def unreadable_reason(path: str) -> Optional[str]:
    """Why a checkpoint file cannot be read, or None when it can.

    A missing, empty, truncated or otherwise corrupt file gives a reason;
    a file refused by the allow-list is not corrupt and raises.

    Args:
        path (str): A local checkpoint file.

    Raises:
        UnsafeCheckpointError: If the file pickles a forbidden object.
    """
    if not osp.isfile(path):
        return 'the file does not exist'
    try:
        safe_load(path, map_location='cpu')
    except UnsafeCheckpointError:
        raise
    except Exception as error:  # torch reports corruption in many types
        return f'{type(error).__name__}: {error}'.splitlines()[0]
    return None
