import json, collections
P=__import__('os').path.dirname(__import__('os').path.abspath(__file__)) + '/../sentences_gold.jsonl'
S=__import__('os').path.dirname(__import__('os').path.abspath(__file__)) + '/../../../../seeds/'
recs=[json.loads(l) for l in open(P,encoding='utf-8')]
raws={}
errs=0
order=[]
prev={}
for i,r in enumerate(recs):
    assert set(r)=={'file','start','end','text','part','note'},r
    f=r['file']
    if f not in raws: raws[f]=open(S+f,encoding='utf-8').read(); order.append(f)
    raw=raws[f]
    ok = raw[r['start']:r['end']]==r['text']
    ok &= r['text']==r['text'].strip() and len(r['text'])>0
    ok &= r['part'] in ('title','heading','body','comment')
    ok &= isinstance(r['note'],str)
    if f in prev: ok &= r['start']>=prev[f]
    if not ok: errs+=1; print('BAD',i,r)
    prev[f]=r['end']
assert order==sorted(order), 'file order'
# file-level: records of a file contiguous
seen=[r['file'] for r in recs]; assert [k for k,_ in __import__('itertools').groupby(seen)]==order
print('records',len(recs),'errors',errs)
c=collections.Counter((r['file'],r['part']) for r in recs)
for f in order: print(f, sum(v for (ff,_),v in c.items() if ff==f), {p:c[(f,p)] for p in ('title','heading','body','comment') if c[(f,p)]})
print('parts',collections.Counter(r['part'] for r in recs))
print('with note',sum(1 for r in recs if r['note']))
# every title/heading: exactly one title per file
for f in order: assert sum(1 for r in recs if r['file']==f and r['part']=='title')==1 or f.startswith('000')
