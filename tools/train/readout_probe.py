#!/usr/bin/env python3
"""Read-out diagnostic (CPU): can the last NemotronH block (MLP) + final norm + lm_head alone fix a task?

Inputs from tools/train/SynthHidden (the residual entering layer 7 at the last prompt row, C# engine):
    dotnet run --project tools/train/SynthHidden -c Release -- synth-nemotronh 7 /tmp/h_train.safetensors 64:300,32:300 train 0
    dotnet run --project tools/train/SynthHidden -c Release -- synth-nemotronh 7 /tmp/h_val.safetensors 64:100 train 1
    /usr/bin/python3 tools/train/readout_probe.py 1e-3 400
Prints the shipped weights' accuracy per task on both sets, then fine-tunes those tensors on the first and
reports the second (validation: train split, suite seed 1). Nothing is written back to the model.
"""
import json, struct, sys, numpy as np, torch, torch.nn.functional as F
torch.set_num_threads(2)
DT={"F32":np.float32,"I64":np.int64}
def load(p):
    with open(p,'rb') as f:
        n=struct.unpack('<Q',f.read(8))[0]; h=json.loads(f.read(n)); raw=f.read()
    return {k:torch.from_numpy(np.frombuffer(raw[v['data_offsets'][0]:v['data_offsets'][1]],dtype=DT[v['dtype']]).reshape(v['shape']).copy()) for k,v in h.items() if k!='__metadata__'}
W=load('/work/main/Benchmarks/models/synth-nemotronh/model.safetensors')
print([k for k in W if 'layers.7' in k or 'norm_f' in k or 'lm_head' in k])
tr=load('/tmp/h_train.safetensors'); va=load('/tmp/h_val.safetensors')
OPT=torch.tensor([43,44,45,46]); TASKS=['needle-color','temporal','count','order','spatial']
def rms(x,w,eps=1e-5): return w*(x*torch.rsqrt(x.pow(2).mean(-1,keepdim=True)+eps))
def fwd(P,h):
    y=rms(h,P['n7']); y=F.relu(y@P['up'].T)**2 @ P['down'].T
    h=h+y; return rms(h,P['nf'])@P['head'].T
P0={'n7':W['backbone.layers.7.norm.weight'],'up':W['backbone.layers.7.mixer.up_proj.weight'],'down':W['backbone.layers.7.mixer.down_proj.weight'],'nf':W['backbone.norm_f.weight'],'head':W['lm_head.weight']}
def acc(P,d):
    with torch.no_grad(): pred=fwd(P,d['hidden'])[:,OPT].argmax(-1)
    return {t:round((pred==d['answer'])[d['task']==i].float().mean().item(),3) for i,t in enumerate(TASKS)}, (pred==d['answer']).float().mean().item()
print('shipped train', acc(P0,tr)); print('shipped val', acc(P0,va))
P={k:v.clone().requires_grad_(True) for k,v in P0.items()}
opt=torch.optim.Adam(P.values(), lr=float(sys.argv[1]) if len(sys.argv)>1 else 1e-3)
for it in range(int(sys.argv[2]) if len(sys.argv)>2 else 400):
    idx=torch.randint(0,tr['hidden'].shape[0],(256,))
    lg=fwd(P,tr['hidden'][idx])
    loss=F.cross_entropy(lg,OPT[tr['answer'][idx]])
    opt.zero_grad(); loss.backward(); opt.step()
    if (it+1)%100==0: print(it+1, round(loss.item(),4), 'train', acc(P,tr)[1], 'val', acc(P,va))
