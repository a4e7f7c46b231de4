# DFAD's ResNet34_8x CIFAR-100 teacher (its released
# checkpoint/teacher/cifar100-resnet34_8x.pt, a raw state dict): the
# network and key layout of Fast-Datafree's resnet34, converted with
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       checkpoint/teacher/cifar100-resnet34_8x.pt \
#       checkpoints/resnet34-8x_dfad_cifar100.pth
_base_ = ['./resnet34_fastdatafree_cifar100.py']

# DFAD normalises CIFAR-100 with the CIFAR-10 statistics.
data_preprocessor = dict(
    mean=[125.307, 122.961, 113.8575], std=[51.5865, 50.847, 51.255])
