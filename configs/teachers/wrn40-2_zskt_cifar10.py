# ZSKT's WRN-40-2 CIFAR-10 teacher (Pretrained/CIFAR10/WRN-40-2/last.pth.tar,
# weights under 'state_dict'): the network, key layout and normalisation of
# Fast-Datafree's wrn40_2.
#   python tools/model_converters/fastdatafree_to_mmpretrain.py \
#       Pretrained/CIFAR10/WRN-40-2/last.pth.tar \
#       checkpoints/wrn40-2_zskt_cifar10.pth
_base_ = ['./wrn40-2_fastdatafree_cifar10.py']
