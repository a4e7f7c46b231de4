# DFAD's ResNet18_8x on CIFAR-100 (its student, saved by DFAD_cifar.py as
# checkpoint/student/cifar100-resnet18_8x.pt, a raw state dict): the
# network and key layout of Fast-Datafree's resnet18, converted with
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       checkpoint/student/cifar100-resnet18_8x.pt \
#       checkpoints/resnet18-8x_dfad_cifar100.pth
_base_ = ['./resnet18_fastdatafree_cifar100.py']

# DFAD normalises CIFAR-100 with the CIFAR-10 statistics.
data_preprocessor = dict(
    mean=[125.307, 122.961, 113.8575], std=[51.5865, 50.847, 51.255])
