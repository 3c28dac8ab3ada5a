// SPDX-License-Identifier: MIT
// A minimal ERC-20 for solvent-balances' tests against a local node. The
// compiled creation code is TestToken.json (solc 0.8.26, evmVersion paris,
// optimizer 200 runs); regenerate with testdata/evm/compile.mjs.
pragma solidity ^0.8.20;

contract TestToken {
    string public constant name = "Test Tether";
    string public constant symbol = "TUSD";
    uint8 public constant decimals = 6;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 value);

    constructor(uint256 supply) {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        require(balanceOf[msg.sender] >= value, "balance");
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }
}
