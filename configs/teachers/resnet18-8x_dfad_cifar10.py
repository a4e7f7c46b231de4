# DFAD's ResNet18_8x on CIFAR-10 (its student, saved by DFAD_cifar.py as
# checkpoint/student/cifar10-resnet18_8x.pt, a raw state dict): the
# network and key layout of Fast-Datafree's resnet18, converted with
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       checkpoint/student/cifar10-resnet18_8x.pt \
#       checkpoints/resnet18-8x_dfad_cifar10.pth
_base_ = ['./resnet18_fastdatafree_cifar10.py']
