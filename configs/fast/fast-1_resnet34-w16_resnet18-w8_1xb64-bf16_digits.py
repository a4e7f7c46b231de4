# Fast-1 on the embedded digits in bf16 autocast (the generator's and the
# student's forward passes; weights, optimizer states and BN statistics
# stay fp32): the same computation as the fp32 config, for the shortest
# time to accuracy on a CPU with bf16 units (README.md).
_base_ = ['./fast-1_resnet34-w16_resnet18-w8_1xb64_digits.py']

optim_wrapper = dict(
    generator=dict(type='mmdfkd.AutocastOptimWrapper', dtype='bfloat16'),
    student=dict(type='mmdfkd.AutocastOptimWrapper', dtype='bfloat16'))
