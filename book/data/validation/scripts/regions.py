# Hand-chosen annotation regions (which parts of each file are article text proper).
SEEDS=__import__('os').path.dirname(__import__('os').path.abspath(__file__)) + '/../../../../seeds/'
def lines_offsets(raw):
    offs=[];o=0
    for l in raw.split('\n'):
        offs.append((o,o+len(l))); o+=len(l)+1
    return offs
def R(raw, a, b=None):
    """span from start of line a to end of line b (inclusive)"""
    lo=lines_offsets(raw); b=a if b is None else b
    return lo[a][0], lo[b][1]

def regions():
    out={}
    # ---- 000
    f='000_4e5b214b2cb7ff2f.txt'; raw=open(SEEDS+f,encoding='utf-8').read()
    reg=[(R(raw,3),'title')]
    for i in [8,10,12,18,20,22,24,28,30,32,36,38,40,46,48,54,56]: reg.append((R(raw,i),'body'))
    for i in [16,26,34,44,52]: reg.append((R(raw,i),'heading'))
    out[f]=(raw,sorted(reg))
    # ---- 001
    f='001_97752503dda83967.txt'; raw=open(SEEDS+f,encoding='utf-8').read()
    s,e=R(raw,2,3); reg=[((s+2,e),'title')]   # drop leading **
    for i in [6,8,10,12,20,22,24,26,28,30,32,38]: reg.append((R(raw,i),'body'))
    reg.append((R(raw,14,16),'body'))   # paragraph broken by blank line mid-sentence
    reg.append((R(raw,18),'body'))
    reg.append((R(raw,34,36),'body'))   # paragraph broken by blank line mid-sentence
    out[f]=(raw,sorted(reg))
    # ---- 002
    f='002_cc8c4019944eeb89.txt'; raw=open(SEEDS+f,encoding='utf-8').read()
    reg=[(R(raw,2),'title')]
    for i in [6,8,12,14,16,18,22,24,26,30,32,34,36]: reg.append((R(raw,i),'body'))
    for i in [10,20,28]: reg.append((R(raw,i),'heading'))
    out[f]=(raw,sorted(reg))
    # ---- 003
    f='003_d75f1f55d4eada39.txt'; raw=open(SEEDS+f,encoding='utf-8').read()
    reg=[(R(raw,2),'title')]
    for i in [4,6,8,10,12,14,16,18,20,22]: reg.append((R(raw,i),'body'))
    out[f]=(raw,sorted(reg))
    # ---- 004
    f='004_854e822038692fdd.txt'; raw=open(SEEDS+f,encoding='utf-8').read()
    reg=[(R(raw,4),'title')]
    for i in [10,12,14,16,20,22,24,26,28,30]: reg.append((R(raw,i),'body'))
    for a,b in [(39,39),(44,44),(49,49),(54,54),(59,59),(64,64),(69,70),(75,75),(80,80),(82,82),(84,84),
                (89,89),(94,94),(99,100),(105,105),(110,110),(115,115),(120,120),(125,125),(130,130),
                (135,135),(140,140),(145,145),(150,150),(155,155),(160,160)]:
        reg.append((R(raw,a,b),'comment'))
    out[f]=(raw,sorted(reg))
    return out
