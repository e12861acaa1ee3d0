"""The featurizer is a stage like any other: the digits of examples/digits_classifier.cpp, cut by
the same crop stage through the Python bindings, featurized by a torchvision network instead of the
hog stage, classified by a linear layer on the same seeded, stratified 80/20 split.

No pretrained weights are downloaded (the project is offline): pass --weights FILE with a torchvision
resnet18 state dict (e.g. ImageNet's) to use them; without it the network is trained end to end on
the 4,000 training digits for a few epochs, which shows the same hand-off (imgframe rows -> DLPack
batch -> torch) with a learned featurizer.

    PYTHONPATH=build/python /usr/bin/python3 python/examples/digits_torchvision.py examples/data/images/digits.png
"""
import argparse
import sys

import numpy as np
import torch
import torchvision

import imgframe


def digit_tensors(sheet_path):
    """5,000 crops of 20x20 -> 3 x 32 x 32 float tensors: one ImageTransformer per digit (crop, as the
    C++ example does, then resize and toTensor), stacked into one (5000, 3, 32, 32) tensor."""
    rows = imgframe.read_images(sheet_path).rows()
    assert rows[0].ok, rows[0].error
    xs, ys = [], []
    for r in range(50):
        for k in range(100):
            t = (imgframe.ImageTransformer().crop(k * 20, r * 20, 20, 20).resize(32, 32)
                 .setToTensor(True).setAutoConvertToColor(True).setColorScaleFactor(1 / 255))
            xs.append(t.transform(rows)[0])
            ys.append(r // 5)
    return torch.from_numpy(np.stack(xs)), torch.tensor(ys)


def split(labels, seed):
    """Per class: a seeded shuffle, 400 to train, 100 to test."""
    g = torch.Generator().manual_seed(seed)
    train, test = [], []
    for digit in range(10):
        idx = (labels == digit).nonzero().flatten()
        idx = idx[torch.randperm(len(idx), generator=g)]
        train.append(idx[:400])
        test.append(idx[400:])
    return torch.cat(train), torch.cat(test)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("sheet", help="digits.png")
    p.add_argument("--weights", help="a torchvision resnet18 state dict (pretrained featurizer, frozen)")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    if a.threads:
        torch.set_num_threads(a.threads)
    x, y = digit_tensors(a.sheet)
    train, test = split(y, a.seed)
    net = torchvision.models.resnet18(num_classes=10)  # ImageNet stem as is: 32x32 -> 1x1 after layer4
    if a.weights:
        state = torch.load(a.weights, map_location="cpu")
        state = {k: v for k, v in state.items() if not k.startswith("fc.")}
        net.load_state_dict(state, strict=False)
        for name, param in net.named_parameters():
            param.requires_grad = name.startswith("fc.")
    opt = torch.optim.Adam([q for q in net.parameters() if q.requires_grad], lr=1e-3)
    steps = a.epochs * ((len(train) + 63) // 64)
    schedule = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps)  # ends near 0: stable
    for epoch in range(a.epochs):
        net.train()
        order = train[torch.randperm(len(train))]
        for i in range(0, len(order), 64):
            b = order[i:i + 64]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x[b]), y[b])
            loss.backward()
            opt.step()
            schedule.step()
        net.eval()
        with torch.no_grad():
            pred = net(x[test]).argmax(1)
        print("epoch %d: test accuracy %.2f %%" % (epoch + 1, 100 * (pred == y[test]).float().mean().item()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
