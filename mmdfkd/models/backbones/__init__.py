from .vgg_cifar import VGGCIFAR
from .wide_resnet_cifar import WideResNetCIFAR

__all__ = ['VGGCIFAR', 'WideResNetCIFAR']
