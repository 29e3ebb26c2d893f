# Rough first-pass splitter (throwaway). Output is reviewed and corrected by hand afterwards.
import re, json
SEEDS=__import__('os').path.dirname(__import__('os').path.abspath(__file__)) + '/../../../../seeds/'
ABBR={'U.S','D.C','U.N','Dr','Mr','No','Sept','Oct','i.e','resp','P.S','e.g','St','Jr','vs'}
def rough_split(raw, s, e):
    """split raw[s:e] into sentence spans (absolute offsets)"""
    out=[]; seg=raw[s:e]
    # candidate ends: terminal punct + closing quotes/brackets, followed by whitespace/EOS
    cands=[]
    for m in re.finditer(r'(\.\.\.|[.!?…])[\"”’\')\]]*', seg):
        end=m.end()
        nxt=seg[end:end+1]
        if end<len(seg) and not nxt.isspace():
            continue
        # next non-space char
        rest=seg[end:].lstrip()
        if rest and not (rest[0].isupper() or rest[0] in '“"‘\'([' or rest[0].isdigit()):
            continue
        # abbreviation check
        tok=re.search(r'(\S+)$', seg[:m.start()])
        tok=tok.group(1) if tok else ''
        tok=tok.lstrip('(“"\'')
        if m.group(1)=='.' and (tok in ABBR or re.fullmatch(r'[A-Z]',tok)):
            continue
        cands.append(end)
    # newline boundaries (a line break inside a region = boundary unless handled manually)
    prev=0
    for c in cands+[len(seg)]:
        piece=seg[prev:c]
        lead=len(piece)-len(piece.lstrip()); 
        st=prev+lead; en=prev+len(piece.rstrip())
        if en>st: out.append((s+st,s+en))
        prev=c
    return out
