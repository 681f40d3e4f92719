"""The demo framework: `tohu demo` loads it, `tohu demo --scale N` adds synthetic listings.

Everything is written through the real services (see `tohu.demo.build`). The data modules hold
the organisations, people and micro-credentials; none of it is live NZQA data except where a
module says a listing is real.
"""
