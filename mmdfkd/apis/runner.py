"""Build the runner of a config, as the training and test tools do."""
from mmengine.config import Config
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from mmdfkd.utils import init_dist_if_cpu, use_cpu_ddp


def build_runner(cfg: Config) -> Runner:
    """The config's ``runner_type`` (or mmengine's Runner), distributed
    set-up included.

    On CPU processes started by a launcher, the gloo process group is
    initialised here, where mmengine would look for a GPU; the data-free
    runner fits its own DDP wrappers to CPU processes.

    Args:
        cfg (Config): The whole config, ``launcher`` set.

    Returns:
        Runner: The built runner.
    """
    dist_cfg = cfg.get('env_cfg', {}).get('dist_cfg', {})
    cpu_distributed = init_dist_if_cpu(
        cfg.get('launcher', 'none'), timeout=dist_cfg.get('timeout'))
    if 'runner_type' in cfg:
        return RUNNERS.build(cfg)
    if cpu_distributed:
        use_cpu_ddp(cfg)
    return Runner.from_cfg(cfg)
