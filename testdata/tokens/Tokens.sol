// SPDX-License-Identifier: MIT
// The test tokens of solvent-token: one plain ERC-20 and one of each kind of
// trap a "pixiu" token sets. solc compiles them in the tests
// (crates/solvent-token/tests/chain/compile.js).
pragma solidity 0.8.28;

/// A minimal ERC-20 whose transfers pass through `_fee`: each test token
/// overrides it with its trap. The fee goes to the owner.
contract BaseToken {
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    address public owner;
    /// The token's Uniswap pair, which the owner sets after creating it.
    address public pair;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) {
        owner = msg.sender;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function setPair(address newPair) external {
        require(msg.sender == owner, "only the owner");
        pair = newPair;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= value, "allowance");
            allowance[from][msg.sender] = allowed - value;
        }
        _transfer(from, to, value);
        return true;
    }

    function _transfer(address from, address to, uint256 value) internal {
        require(balanceOf[from] >= value, "balance");
        uint256 fee = _fee(from, to, value);
        balanceOf[from] -= value;
        balanceOf[to] += value - fee;
        if (fee > 0) {
            balanceOf[owner] += fee;
            emit Transfer(from, owner, fee);
        }
        emit Transfer(from, to, value - fee);
    }

    function _fee(address, address, uint256) internal virtual returns (uint256) {
        return 0;
    }
}

/// No trap.
contract PlainToken is BaseToken {
    constructor(uint256 supply) BaseToken(supply) {}
}

/// Only the owner may sell: a transfer into the pair from anyone else
/// reverts.
contract SellBlockedToken is BaseToken {
    constructor(uint256 supply) BaseToken(supply) {}

    function _fee(address from, address to, uint256) internal view override returns (uint256) {
        require(to != pair || from == owner, "trading not enabled");
        return 0;
    }
}

/// Sales pay 99% to the owner.
contract SellTaxToken is BaseToken {
    constructor(uint256 supply) BaseToken(supply) {}

    function _fee(address from, address to, uint256 value) internal view override returns (uint256) {
        return to == pair && from != owner ? value * 99 / 100 : 0;
    }
}

/// Sells freely after the first buy; from the second buy on, sales pay 90%.
contract LateTaxToken is BaseToken {
    uint256 public buys;

    constructor(uint256 supply) BaseToken(supply) {}

    function _fee(address from, address to, uint256 value) internal override returns (uint256) {
        if (from == pair) {
            buys += 1;
            return 0;
        }
        return to == pair && from != owner && buys > 1 ? value * 90 / 100 : 0;
    }
}
