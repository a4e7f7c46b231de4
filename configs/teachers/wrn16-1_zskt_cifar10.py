# ZSKT's WRN-16-1 CIFAR-10 teacher (Pretrained/CIFAR10/WRN-16-1/last.pth.tar,
# weights under 'state_dict'): the network, key layout and normalisation of
# Fast-Datafree's wrn16_1.
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       Pretrained/CIFAR10/WRN-16-1/last.pth.tar \
#       checkpoints/wrn16-1_zskt_cifar10.pth
_base_ = ['./wrn16-1_fastdatafree_cifar10.py']
