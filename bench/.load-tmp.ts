const { loadLatticeCity } = await import('../server/geo/.lattice-tmp');
loadLatticeCity('mock/city/chongqing');
