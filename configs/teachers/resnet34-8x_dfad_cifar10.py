# DFAD's ResNet34_8x CIFAR-10 teacher (its released
# checkpoint/teacher/cifar10-resnet34_8x.pt, a raw state dict): the
# network and key layout of Fast-Datafree's resnet34, converted with
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       checkpoint/teacher/cifar10-resnet34_8x.pt \
#       checkpoints/resnet34-8x_dfad_cifar10.pth
_base_ = ['./resnet34_fastdatafree_cifar10.py']
