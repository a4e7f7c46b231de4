# CGDD, CIFAR-100, ResNet-34 -> ResNet-18: the DDAD CIFAR-100 set-up with
# the CGDD additions of the CIFAR-10 config.
#   python tools/train.py configs/teachers/resnet34_1xb128_cifar100.py
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb256_cifar100.py']

num_classes = 100

model = dict(
    type='mmdfkd.CGDD',
    generator=dict(type='ConditionalGenerator', num_classes=num_classes),
    feature_pairs=[(f'backbone.layer{i}', f'backbone.layer{i}')
                   for i in range(1, 5)],
    # The default CGDD terms and weights (mmdfkd.CGDD).
)

# Each class appears 2 or 3 times in a batch of 256.
train_dataloader = dict(dataset=dict(num_classes=num_classes))
