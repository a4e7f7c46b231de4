from .algorithms import *  # noqa: F401,F403
from .backbones import *  # noqa: F401,F403
from .generators import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .task_modules import *  # noqa: F401,F403
